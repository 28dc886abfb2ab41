import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PostsModule } from '../forum/posts/posts.module';
import { SeedMarkerEntity } from './seed-marker.entity';
import { SeedService } from './seed.service';

@Module({
  imports: [TypeOrmModule.forFeature([SeedMarkerEntity]), PostsModule],
  providers: [SeedService],
})
export class SeedModule {}
